package io.apiingest.flow;

/**
 * Where a file in progress stands, for the progress log. {@code total} is -1 while unknown; {@code openedNanos}
 * and {@code recordedAtOpen} say when this run took the file up and how many records it found already there.
 */
public record FileProgress(String file, long recorded, long failed, long total, long openedNanos,
                           long recordedAtOpen) {
}
