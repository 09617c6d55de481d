package io.apiingest.output;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code _SUMMARY.json}: written last, when every line of the input is on disk. */
@JsonPropertyOrder({"file", "total", "succeeded", "failed", "durationMs"})
public record FileSummary(String file, long total, long succeeded, long failed, long durationMs) {
}
