package io.apiingest.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code .input.json} in an output folder: which input the folder belongs to, so that a restart resumes the
 * folder of the very same file, and when the first run started.
 */
@JsonPropertyOrder({"file", "size", "modified", "startedAt"})
record InputIdentity(String file, long size, long modified, long startedAt) {

    static final String FILE_NAME = ".input.json";

    static InputIdentity of(Path input, String name) throws IOException {
        return new InputIdentity(name, Files.size(input), Files.getLastModifiedTime(input).toMillis(),
                System.currentTimeMillis());
    }

    boolean sameInputAs(InputIdentity other) {
        return file.equals(other.file) && size == other.size && modified == other.modified;
    }
}
