package io.fahren.samples.orders;

import io.fahren.FahrenException;
import io.fahren.InvalidTenantIdException;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.UnknownTenantException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns Fahren's exceptions into HTTP answers; the messages name the problem and never echo raw input. */
@Provider
public class ErrorMapper implements ExceptionMapper<FahrenException> {

    @Override
    public Response toResponse(FahrenException e) {
        Response.Status status = e instanceof InvalidTenantIdException ? Response.Status.BAD_REQUEST
                : e instanceof TenantAlreadyExistsException ? Response.Status.CONFLICT
                : e instanceof UnknownTenantException ? Response.Status.NOT_FOUND
                : Response.Status.INTERNAL_SERVER_ERROR;
        String detail = status == Response.Status.INTERNAL_SERVER_ERROR ? "See the server log" : e.getMessage();
        return Response.status(status).type("application/problem+json")
                .entity(jakarta.json.Json.createObjectBuilder().add("title", status.getReasonPhrase())
                        .add("status", status.getStatusCode()).add("detail", detail).build().toString())
                .build();
    }
}
