package io.fahren.secrets;

import io.fahren.spi.Secret;
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

/** Secrets as flat JSON objects of strings, through Jakarta JSON Processing. */
final class SecretJson {

    private SecretJson() {
    }

    static JsonObject toJsonObject(Secret secret) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        secret.asMap().forEach(builder::add);
        return builder.build();
    }

    static String toJson(Secret secret) {
        return toJsonObject(secret).toString();
    }

    /**
     * @param json a JSON object whose values are strings
     * @param where where the JSON came from, for the error message (never the JSON itself)
     * @return the secret
     */
    static Secret fromJson(String json, String where) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return fromJsonObject(reader.readObject(), where);
        } catch (JsonException | IllegalStateException e) {
            // The parser's message can quote the input, which may be a secret: leave it out.
            throw new IllegalArgumentException("The secret at " + where + " is not a JSON object of strings");
        }
    }

    static Secret fromJsonObject(JsonObject object, String where) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> field : object.entrySet()) {
            if (!(field.getValue() instanceof JsonString value)) {
                throw new IllegalArgumentException("Field '" + field.getKey() + "' of the secret at " + where
                        + " is not a string");
            }
            fields.put(field.getKey(), value.getString());
        }
        return Secret.of(fields);
    }
}
