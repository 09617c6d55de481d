package io.apiingest.flow;

/**
 * Where a file in progress stands, for the progress log. {@code total} is -1 while unknown; {@code openedNanos}
 * and {@code recordedAtOpen} say when this run took the file up and how many records it found already there.
 * {@code recorded} and {@code failed} count input lines; {@code pages} and {@code items} the pages of chains done
 * and the item records written so far.
 */
public record FileProgress(String file, long recorded, long failed, long total, long openedNanos,
                           long recordedAtOpen, long pages, long items) {

    /** A file without chains of pages. */
    public FileProgress(String file, long recorded, long failed, long total, long openedNanos, long recordedAtOpen) {
        this(file, recorded, failed, total, openedNanos, recordedAtOpen, 0, 0);
    }
}
