package io.apiingest.intake;

import java.io.Closeable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchRequest;

/**
 * The intake split's iterator over one file's requests, holding one at a time: skips the lines an earlier run
 * recorded, hands a chain of pages an earlier run began out with where it goes on, stops handing out requests
 * once a stop is asked for, and at the end of the input says how many requests it held.
 */
public final class RequestStream implements Iterator<FetchRequest>, Closeable {

    private final RequestSource source;
    private final LongPredicate alreadyRecorded;
    private final LongFunction<ChainResume> resumes;
    private final BooleanSupplier stopRequested;
    private final LongConsumer onEnd;
    private final Runnable onEach;
    private long requests;
    private boolean ended;
    private FetchRequest next;

    /**
     * @param alreadyRecorded lines an earlier run recorded: counted, but not handed out again
     * @param stopRequested   when true, no further request is handed out and {@code onEnd} is not called
     * @param onEnd           told the number of requests in the input, once, when it is read to the end
     * @param onEach          told of every request handed out
     */
    RequestStream(RequestSource source, LongPredicate alreadyRecorded, BooleanSupplier stopRequested,
            LongConsumer onEnd, Runnable onEach) {
        this(source, alreadyRecorded, line -> null, stopRequested, onEnd, onEach);
    }

    /** @param resumes where an earlier run left the line's chain of pages, or null */
    RequestStream(RequestSource source, LongPredicate alreadyRecorded, LongFunction<ChainResume> resumes,
            BooleanSupplier stopRequested, LongConsumer onEnd, Runnable onEach) {
        this.source = source;
        this.resumes = resumes;
        this.alreadyRecorded = alreadyRecorded;
        this.stopRequested = stopRequested;
        this.onEnd = onEnd;
        this.onEach = onEach;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            if (stopRequested.getAsBoolean()) {
                close();
                return false;
            }
            next = advance();
            if (next == null) {
                close();
                onEnd.accept(requests);
            }
        }
        return next != null;
    }

    @Override
    public FetchRequest next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        FetchRequest result = next;
        next = null;
        onEach.run();
        return result;
    }

    @Override
    public void close() {
        ended = true;
        source.close();
    }

    private FetchRequest advance() {
        FetchRequest request;
        while ((request = source.next()) != null) {
            requests++;
            if (!alreadyRecorded.test(request.line())) {
                ChainResume resume = request.defect() == null ? resumes.apply(request.line()) : null;
                return resume == null ? request : request.resumingAt(resume);
            }
        }
        return null;
    }
}
