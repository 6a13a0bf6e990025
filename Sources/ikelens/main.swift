#if canImport(Glibc)
import Glibc
#endif
import IKELens

// Thin entry point: all behaviour lives in the library's CommandLineTool.
signal(SIGPIPE, SIG_DFL)
let tool = CommandLineTool(out: FDWriter(fd: 1), err: FDWriter(fd: 2), stdoutIsTerminal: FDWriter.isTerminal(1))
exit(tool.run(Array(CommandLine.arguments.dropFirst())))
