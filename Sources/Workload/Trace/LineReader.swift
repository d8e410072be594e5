#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a text file line by line through a buffer it reuses, so a file of any
/// size streams in constant memory. Strips a trailing "\r" (CRLF files) and a
/// UTF-8 byte-order mark at the start.
struct LineReader {
    let path: String

    /// Calls `body` with each line's 1-based number and bytes (valid only during
    /// the call); `body` returns false to stop early.
    func forEachLine(_ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        guard let file = fopen(path, "r") else {
            throw TraceError(file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        var number = 0
        while true {
            let length = getline(&buffer, &capacity, file)
            if length < 0 {
                if ferror(file) != 0 {
                    throw TraceError(file: path, line: number + 1, message: "read error: \(String(cString: strerror(errno)))")
                }
                return
            }
            number += 1
            let start = UnsafeRawPointer(buffer!).assumingMemoryBound(to: UInt8.self)
            var bytes = UnsafeBufferPointer(start: start, count: length)
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bytes = UnsafeBufferPointer(rebasing: bytes[3...])
            }
            while let last = bytes.last, last == 0x0A || last == 0x0D {
                bytes = UnsafeBufferPointer(rebasing: bytes.dropLast())
            }
            if try !body(number, bytes) { return }
        }
    }
}
