/// A renderer that writes a report line by line into a ``TextOutput``, so one `write` gives both the whole
/// text and the text streamed to a sink.
protocol LineRenderer {
    func write(_ report: CapacityReport, _ output: inout TextOutput)
}

extension LineRenderer {
    /// The whole text.
    func text(of report: CapacityReport) -> String {
        var output = TextOutput()
        write(report, &output)
        return output.finish()
    }

    /// The same text handed to `sink` in pieces of about 64 KB.
    func stream(_ report: CapacityReport, to sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        var output = TextOutput(sink: sink)
        write(report, &output)
        _ = output.finish()
    }
}
