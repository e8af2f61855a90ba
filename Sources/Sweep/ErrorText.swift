import Foundation

/// The text of an error as it is shown to users and stored with failed runs.
public enum ErrorText {
    public static func describe(_ error: any Error) -> String {
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        return String(describing: error)
    }
}
