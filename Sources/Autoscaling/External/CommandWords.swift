/// Splits a command written as one string (`--command "python3 p.py --target 10"`) into
/// argv words, so no shell is needed: words are separated by blanks; single quotes keep
/// everything literally; double quotes keep blanks, and a backslash in them escapes `"`
/// or `\`; outside quotes a backslash escapes any character. Nothing is expanded
/// (no `$VAR`, `~`, globs, pipes or redirections).
public enum CommandWords {
    public struct SplitError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func split(_ text: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(word); word = ""; inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let d = iterator.next() else { throw SplitError(message: "unterminated ' in the command") }
                    if d == "'" { break }
                    word.append(d)
                }
            case "\"":
                inWord = true
                while true {
                    guard let d = iterator.next() else { throw SplitError(message: "unterminated \" in the command") }
                    if d == "\"" { break }
                    if d == "\\" {
                        guard let e = iterator.next() else { throw SplitError(message: "unterminated \" in the command") }
                        if e != "\"" && e != "\\" { word.append(d) }
                        word.append(e)
                    } else {
                        word.append(d)
                    }
                }
            case "\\":
                inWord = true
                guard let d = iterator.next() else { throw SplitError(message: "the command ends with a backslash") }
                word.append(d)
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        guard !words.isEmpty else { throw SplitError(message: "the command is empty") }
        return words
    }
}
