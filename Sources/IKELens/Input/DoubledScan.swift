/// A log whose every line came twice in a row, byte for byte (two `logging host` paths into
/// one file, a relay that sends each line twice, a capture that echoed each line), told from its
/// first lines before they are read: nearly every line that is not blank is the line before it
/// again, in pairs. The assembler then reads the second of two such lines as part of what the
/// first was part of (`RecordAssembler.presetDoubled`): a wrapped message's rests and a block's
/// lines too, which a copy of a stamped line alone (`exactRepeats`) does not tell.
///
/// Fed the input's chunks as they come (`observe`, before the chunk's lines are read), up to
/// `maxLines` lines that are not blank, and asked after each (`verdict`) until it gives one.
struct DoubledScan {
    /// How many lines (not blank) are looked at, at most; how many at least before a verdict.
    static let maxLines = 4_000
    static let minLines = 8

    /// The hash of the line not ended yet, and whether it is blank so far.
    private var part: UInt64 = DoubledScan.seed
    private var partBlank = true
    /// The last line that was not blank: its hash, and whether it was the second of a pair.
    private var previous: UInt64 = 0
    private var hasPrevious = false
    private var previousPaired = false
    private var lines = 0
    private var pairs = 0

    private static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    /// Takes in the lines of `chunk`, a line that goes on in the next chunk with it.
    mutating func observe(_ chunk: UnsafeRawBufferPointer) {
        guard lines < Self.maxLines, let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var h = part
        var blank = partBlank
        for i in 0..<chunk.count {
            let b = base[i]
            if b == 0x0A {
                endLine(h, blank)
                if lines >= Self.maxLines { return }
                h = Self.seed
                blank = true
                continue
            }
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
            if b != 0x20 && b != 0x09 && b != 0x0D { blank = false }
        }
        (part, partBlank) = (h, blank)
    }

    private mutating func endLine(_ h: UInt64, _ blank: Bool) {
        // (Blank lines aside: a doubled log's are doubled too, and a blank line pairs nothing.)
        guard !blank else { return }
        lines += 1
        if hasPrevious, h == previous, !previousPaired {
            pairs += 1
            previousPaired = true
        } else {
            previousPaired = false
        }
        previous = h
        hasPrevious = true
    }

    /// Whether the log came doubled, once enough lines were seen (nil before): nine lines in ten
    /// at least are halves of pairs, and four pairs at least. (IOS prints a few lines twice, a
    /// prompt pressed on for a while repeats: far fewer in any log of a few lines.)
    var verdict: Bool? {
        guard lines >= Self.minLines else { return nil }
        return pairs >= 4 && pairs * 2 * 10 >= lines * 9
    }
}
