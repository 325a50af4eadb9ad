import Foundation

/// Writes a buffer to a file descriptor completely: `write(2)` may write less than asked, or be interrupted.
public enum FileDescriptorWriter {
    /// Nil when every byte was written, else the `errno` of the failure.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }
}
