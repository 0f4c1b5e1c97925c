package io.fahren.internal;

import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 {@code application/problem+json} answers, the one format of every error Fahren's HTTP
 * parts send (the tenant filter, the admin API). The body is built from fixed text and validated
 * values only, and escaped so that nothing in it can be read as markup.
 */
public final class Problems {

    /** The media type of every answer built here. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /**
     * @param status the status code
     * @param title a fixed title
     * @param detail a message built only from fixed text and validated values
     * @return the problem response
     */
    public static Response problem(int status, String title, String detail) {
        String body = "{\"type\":\"about:blank\",\"title\":\"" + json(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\"}";
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    /**
     * @param text any text
     * @return the text as the inside of a JSON string, with markup characters escaped too
     */
    public static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
