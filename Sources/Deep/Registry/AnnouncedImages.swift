/// The images other than the runtime's own whose instrumented C files announced their probe
/// records (a C program, a shared library), and what the loader has done since: an image
/// that was unloaded leaves, and one loaded where another was may hold other records.
struct AnnouncedImages {
    /// Record ranges, as (first word, word count).
    private(set) var images: [(begin: UInt, count: Int)] = []
    private var generation = LoaderGeneration.current

    /// Drops the images that are no longer loaded, once the loader has unloaded anything;
    /// returns whether it had, since then the records of every image must be read anew.
    mutating func forgetUnloaded() -> Bool {
        guard !images.isEmpty else { return false }
        let current = LoaderGeneration.current
        guard current.unloads != generation.unloads else { return false }
        generation = current
        images.removeAll { !LoaderGeneration.isLoaded($0.begin) }
        return true
    }

    /// Adds an image's records (each of its C files announces them); returns whether the set
    /// of records changed.
    mutating func announce(begin: UInt, count: Int) -> Bool {
        var changed = forgetUnloaded()
        if let index = images.firstIndex(where: { $0.begin == begin }) {
            if images[index].count != count {
                images[index].count = count
                changed = true
            }
        } else {
            // Unloads before the first image was announced concern none of them.
            if images.isEmpty { generation = LoaderGeneration.current }
            images.append((begin, count))
            changed = true
        }
        return changed
    }
}
