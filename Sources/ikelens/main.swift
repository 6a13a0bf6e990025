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
if let why = out.failure {
    // (A report that could not be written is not a success: `> /dev/full`, a closed stdout.)
    err.write("ikelens: cannot write the output: \(why)\n")
    err.flush()
    exit(CommandLineTool.Exit.failure)
}
err.flush()
exit(status)
