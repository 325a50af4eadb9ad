import Foundation

/// What runs on this machine, read from `/proc`, for tests that must show a program left no process behind.
public enum ProcessTable {
    /// Live processes (zombies excluded: they have ended and only wait to be reaped, possibly by an init that never
    /// does) whose pid is `pid` or whose process group `pid` leads.
    public static func living(pidOrGroup pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { candidate in
            // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses, so fields start after the last ')'.
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let end = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: end)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z" else { return false }
            return candidate == pid || pid_t(fields[2]) == pid
        }
    }

    /// Waits until none of `pids` (nor anything in the groups they lead) is alive; false if some still are after
    /// `timeout` seconds. A killed process takes a moment to die, so this polls rather than asking once.
    public static func waitUntilGone(_ pids: [pid_t], timeout: TimeInterval = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if pids.allSatisfy({ living(pidOrGroup: $0).isEmpty }) { return true }
            if Date() >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
