import Notebook
enum ReportModule {}
