package io.fahren.admin.impl;

import io.fahren.BulkProgress;
import io.fahren.Tenant;
import io.fahren.TenantPage;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** The admin API's JSON: views of tenants, pages and jobs, and strict reading of request bodies. */
public final class AdminJson {

    private AdminJson() {
    }

    /**
     * @param body a request body, possibly empty
     * @return the JSON object it holds; an empty object for an empty body
     * @throws BadRequest when it is not one JSON object (the parser's message, which may quote the
     *         input, is not passed on)
     */
    public static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new BadRequest("The body must be one JSON object.");
        }
    }

    /**
     * @param object a JSON object
     * @param field a field name
     * @return its string value, or null when absent or null
     * @throws BadRequest when it is not a string
     */
    public static String string(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw new BadRequest("The field '" + field + "' must be a string.");
    }

    /**
     * @param object a JSON object whose values must all be strings
     * @param what what it is, for the message
     * @return its entries, in order
     * @throws BadRequest when a value is not a string
     */
    public static Map<String, String> strings(JsonObject object, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (!(value instanceof JsonString text)) {
                throw new BadRequest("Every value of " + what + " must be a string.");
            }
            map.put(key, text.getString());
        });
        return map;
    }

    /**
     * @param object a JSON object
     * @param field a field holding an object of strings
     * @return its entries; empty when absent
     */
    public static Map<String, String> stringsField(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Map.of();
        }
        if (!(value instanceof JsonObject inner)) {
            throw new BadRequest("The field '" + field + "' must be an object of strings.");
        }
        return strings(inner, "'" + field + "'");
    }

    /**
     * @param tenant a tenant
     * @return its view
     */
    public static JsonObjectBuilder tenant(Tenant tenant) {
        JsonObjectBuilder attributes = Json.createObjectBuilder();
        tenant.attributes().forEach(attributes::add);
        return Json.createObjectBuilder().add("id", tenant.id().value()).add("state", tenant.state().name())
                .add("createdAt", tenant.createdAt().toString()).add("updatedAt", tenant.updatedAt().toString())
                .add("attributes", attributes);
    }

    /**
     * @param page a page of tenants
     * @return its view: the tenants and, unless it is the last, the cursor of the next
     */
    public static String page(TenantPage page) {
        var tenants = Json.createArrayBuilder();
        page.tenants().forEach(t -> tenants.add(tenant(t)));
        JsonObjectBuilder view = Json.createObjectBuilder().add("tenants", tenants);
        page.next().ifPresent(next -> view.add("next", next));
        return view.build().toString();
    }

    /**
     * @param job a job
     * @return its view, as text
     */
    public static String job(AdminJob job) {
        return jobView(job).toString();
    }

    /**
     * @param job a job
     * @return its view
     */
    public static JsonObject jobView(AdminJob job) {
        BulkProgress progress = job.progress();
        JsonObjectBuilder failures = Json.createObjectBuilder();
        progress.failures().forEach(failures::add);
        JsonObjectBuilder view = Json.createObjectBuilder().add("id", job.id()).add("operation", job.operation())
                .add("state", job.finishedAt() == null ? "RUNNING" : job.error() == null ? "FINISHED" : "FAILED")
                .add("startedAt", job.startedAt().toString()).add("total", progress.total())
                .add("succeeded", progress.succeeded()).add("failed", progress.failures().size())
                .add("failures", failures);
        if (job.finishedAt() != null) {
            view.add("finishedAt", job.finishedAt().toString());
        }
        if (job.error() != null) {
            view.add("error", job.error());
        }
        return view.build();
    }
}
