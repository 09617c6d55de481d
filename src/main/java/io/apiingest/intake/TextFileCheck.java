package io.apiingest.intake;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.CharBuffer;

/**
 * Looks at the start of a dropped file and refuses it when it is not UTF-8 text, so that a binary file becomes
 * one clear rejection instead of thousands of "not a URL" records. Lines past the sample that are not UTF-8 are
 * reported one by one by {@link LineReader}.
 */
public final class TextFileCheck {

    static final int SAMPLE_BYTES = 64 * 1024;

    public void check(File input) throws IOException {
        Path file = input.toPath();
        byte[] sample;
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            sample = in.readNBytes(SAMPLE_BYTES);
        }
        for (int i = 0; i < sample.length; i++) {
            if (sample[i] == 0) {
                throw new UnreadableInputException("not a text file: it holds a NUL byte at offset " + i
                        + " (binary data?); expected UTF-8 text");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer bytes = ByteBuffer.wrap(sample);
        CharBuffer chars = CharBuffer.allocate(sample.length);
        boolean complete = size <= sample.length;
        CoderResult result = decoder.decode(bytes, chars, complete);
        if (result.isError()) {
            throw new UnreadableInputException("not UTF-8 text: invalid byte sequence at offset " + bytes.position()
                    + "; expected UTF-8 text");
        }
        if (complete && decoder.flush(chars).isError()) {
            throw new UnreadableInputException("not UTF-8 text: it ends inside a multi-byte character");
        }
    }
}
