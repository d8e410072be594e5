import Foundation

extension DecodingContext {
    /// A path written in the scenario, resolved against the scenario's folder
    /// (absolute paths are kept).
    func resolve(_ written: String) -> String {
        written.hasPrefix("/") ? written : URL(fileURLWithPath: baseDirectory)
            .appendingPathComponent(written).standardizedFileURL.path
    }

    /// How messages name a file the scenario refers to: relative to where the user
    /// named the scenario itself (`scenarios/svc.yaml` for `svc.yaml` written in
    /// `scenarios/x.yaml`), so that editors can open it.
    func displayPath(_ written: String) -> String {
        if written.hasPrefix("/") { return written }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? written : folder + "/" + written
    }
}

extension NodeReader {
    /// A path to an existing regular file, relative to the scenario's folder;
    /// `what` names the kind of file in messages ("a trace file"). Returns the
    /// resolved path. The contents are not read.
    func existingFile(_ what: String) throws(ScenarioError) -> String {
        let written = try nonEmptyString("must be the path of \(what)")
        let path = context.resolve(written)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw error("no such file: \(quoted(written)) (resolved to \(quoted(path)))")
        }
        guard !isDirectory.boolValue else { throw error("is a folder, not \(what): \(quoted(written))") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw error("cannot read \(quoted(written)) (check its permissions)")
        }
        return path
    }
}
