import DeepMouseCore
import DeepMouseTraining
import Foundation

/// Where export finds the recordings a checkpoint was trained on, to calibrate on its training windows and score its
/// test (or dev) part: the standard `mouse`/`touchpad` folders under `--data-dir`, or, for a tail split, the files
/// at the paths the checkpoint recorded (how one's own recordings, trained with `--manifest` or `--left/--right`,
/// reach the board), else the one `mouse/` or `touchpad/` folder under `--data-dir` they came from.
extension ModelExport {
    /// The dataset to calibrate and score on, and a description of where it came from (for messages). `isOwnSplit`:
    /// the split is the one the checkpoint was trained on, so the data must be the recordings it lists (another
    /// split, asked for with `--split`, reads that split's folder). Either way the data must be in the model's unit.
    static func trainingData(
        split: String, isOwnSplit: Bool, of checkpoint: Checkpoint, dataDirectory: URL,
        progress: (String) -> Void
    ) throws -> (Dataset, String) {
        let dataset: Dataset
        let source: String
        if split != "mouse" && split != "touchpad", let own = try recordingsAtRecordedPaths(of: checkpoint) {
            progress(
                "loading the checkpoint's \(own.recordings.count) recordings from their recorded paths (split \(split))"
            )
            (dataset, source) = (
                own, "the checkpoint's recordings (\(checkpoint.provenance.files.map(\.path).joined(separator: ", ")))"
            )
        } else {
            let folder = dataDirectory.appendingPathComponent(try dataFolder(split: split, of: checkpoint))
            progress("loading \(folder.path) (split \(split))")
            (dataset, source) = (try Dataset.load(directory: folder), folder.path)
            // A checkpoint that lists no recordings (older or synthetic ones) can only be taken at its word.
            if split == "tail" || (isOwnSplit && !checkpoint.provenance.files.isEmpty) {
                try requireSameRecordings(dataset, as: checkpoint, in: folder)
            }
        }
        guard dataset.unit.description == checkpoint.preprocessing.unit else {
            throw ExportError.checkpoint(
                "\(source): the recordings are in \(dataset.unit.description), the checkpoint reads \(checkpoint.preprocessing.unit): calibrating on them would set its input scale from other data"
            )
        }
        return (dataset, source)
    }

    /// The checkpoint's recordings read from the paths its provenance records (relative ones from the current
    /// folder, as when it was trained), in training order, each checked by content. Nil when the provenance lists
    /// none, or a file is not there or has no hand label (older checkpoints): then the `--data-dir` folder is used.
    static func recordingsAtRecordedPaths(of checkpoint: Checkpoint) throws -> Dataset? {
        let files = checkpoint.provenance.files
        guard !files.isEmpty, files.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) && $0.label != nil })
        else {
            return nil
        }
        let recordings = try files.map { file -> Recording in
            guard let label = file.label, let hand = Hand(label) else {
                throw ExportError.checkpoint(
                    "provenance.files: \(file.path) has hand '\(file.label ?? "")', expected left or right")
            }
            let recording = try Recording.load(URL(fileURLWithPath: file.path), hand: hand)
            guard recording.source.sha256 == file.sha256 else {
                throw ExportError.checkpoint(
                    "\(file.path) has changed since the checkpoint was trained on it (sha256 \(recording.source.sha256.prefix(16))…, recorded \(file.sha256.prefix(16))…); export needs the same recordings"
                )
            }
            return recording
        }
        return try Dataset(recordings: recordings)
    }

    /// The folder under `--data-dir` holding the checkpoint's recordings: the split's own for mouse and touchpad,
    /// else the folder its provenance files were read from (a tail split of `--device mouse` reads `mouse/`).
    static func dataFolder(split: String, of checkpoint: Checkpoint) throws -> String {
        if split == "mouse" || split == "touchpad" { return split }
        let folders = Set(
            checkpoint.provenance.files.map {
                URL(fileURLWithPath: $0.path).deletingLastPathComponent().lastPathComponent
            })
        guard folders.count == 1, let folder = folders.first, folder == "mouse" || folder == "touchpad" else {
            let example = checkpoint.provenance.files.first.map { " (e.g. \($0.path))" } ?? ""
            throw ExportError.checkpoint(
                "split '\(split)': the checkpoint's recordings\(example) are not at the paths it recorded, and not all in one mouse/ or touchpad/ folder under --data-dir (provenance folders: \(folders.sorted().joined(separator: ", "))); put them back where they were"
            )
        }
        return folder
    }

    /// A tail split is cut from every recording in the folder, so the folder must hold the checkpoint's recordings
    /// (by content), no more and no fewer: else calibration and scores would read other data.
    static func requireSameRecordings(_ dataset: Dataset, as checkpoint: Checkpoint, in folder: URL) throws {
        let loaded = Set(dataset.recordings.map(\.source.sha256))
        let trained = Set(checkpoint.provenance.files.map(\.sha256))
        guard loaded == trained else {
            let extra = dataset.recordings.filter { !trained.contains($0.source.sha256) }.map {
                URL(fileURLWithPath: $0.source.path).lastPathComponent
            }
            let missing = checkpoint.provenance.files.filter { !loaded.contains($0.sha256) }.map {
                URL(fileURLWithPath: $0.path).lastPathComponent
            }
            throw ExportError.checkpoint(
                "\(folder.path) does not hold the recordings the checkpoint was trained on (not trained on: \(extra.joined(separator: ", ")); missing or changed: \(missing.joined(separator: ", ")))"
            )
        }
    }
}
