#if canImport(Glibc)
import Glibc
#endif
import IKELens

// Thin entry point: all behaviour lives in the library's CommandLineTool.
signal(SIGPIPE, SIG_DFL)
let out = FDWriter(fd: 1)
let err = FDWriter(fd: 2)
var tool = CommandLineTool(out: out, err: err, stdoutIsTerminal: FDWriter.isTerminal(1))
tool.exitsAfterRun = true
let status = tool.run(Array(CommandLine.arguments.dropFirst()))
out.flush()
err.flush()
exit(status)
