import Notebook
enum RunnerModule {}
