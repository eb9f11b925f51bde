package io.argus.remote.receiver;

/**
 * The outcome of one write request.
 *
 * @param status the HTTP status to answer: 204 stored, 202 dropped as a non-elected HA replica, 400
 *     bad request (some series may still have been stored), 500 retryable failure (nothing stored)
 * @param message the error text for a non-2xx status (lines joined by newlines), else empty
 * @param samplesWritten float samples stored
 * @param histogramsWritten native histogram samples stored (always 0: they are not supported)
 * @param exemplarsWritten exemplars stored (always 0: exemplars are not stored)
 */
public record WriteResult(
    int status,
    String message,
    long samplesWritten,
    long histogramsWritten,
    long exemplarsWritten) {}
