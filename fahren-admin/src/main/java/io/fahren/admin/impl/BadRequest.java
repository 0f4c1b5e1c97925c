package io.fahren.admin.impl;

/** Malformed admin input; its message is fixed text that never quotes the input. */
public final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the request */
    public BadRequest(String message) {
        super(message);
    }
}
