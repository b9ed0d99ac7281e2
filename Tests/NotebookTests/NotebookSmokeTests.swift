import Testing
@testable import Notebook

@Suite("Notebook module") struct NotebookSmokeTests {}
