import Foundation

/// Writes a folder of files so that readers see either the old folder or the whole
/// new one, never a half-written one: files go to a hidden temporary folder beside the
/// destination, which then replaces it by rename.
public enum AtomicDirectory {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot write results to \(path): \(reason)" }
    }

    public static func write(_ files: [(name: String, contents: Data)], to destination: URL) throws {
        let fm = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let base = destination.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = parent.appendingPathComponent(".\(base).tmp-\(pid)")
        let previous = parent.appendingPathComponent(".\(base).old-\(pid)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try? fm.removeItem(at: temporary)
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
            for file in files {
                try file.contents.write(to: temporary.appendingPathComponent(file.name), options: .atomic)
            }
            // rename(2) cannot replace a non-empty folder, so move the old one aside first.
            var movedAside = false
            if fm.fileExists(atPath: destination.path) {
                try? fm.removeItem(at: previous)
                try fm.moveItem(at: destination, to: previous)
                movedAside = true
            }
            try fm.moveItem(at: temporary, to: destination)
            if movedAside { try? fm.removeItem(at: previous) }
        } catch {
            try? fm.removeItem(at: temporary)
            throw WriteError(path: destination.path, reason: Self.reason(error))
        }
    }

    static func reason(_ error: Error) -> String {
        if let cocoa = error as? CocoaError, let underlying = cocoa.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return (error as NSError).localizedDescription
    }
}
