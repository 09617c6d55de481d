package io.apiingest.intake;

import java.io.Closeable;

import io.apiingest.flow.FetchRequest;

/**
 * The requests of one input file in one format, in file order; a line that is no usable request comes with its
 * defect.
 */
interface RequestSource extends Closeable {

    /** The next request, or null at the end of the input. */
    FetchRequest next();

    @Override
    void close();
}
