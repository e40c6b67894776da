package io.easgd.backend.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A table as a CSV download (docs/api.md "CSV for notebooks"): a header line, then one line per row; null is an
 * empty cell; quoting by Jackson's CSV module (RFC 4180).
 */
public final class Csv {
    public static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    private static final CsvMapper MAPPER = new CsvMapper();

    private Csv() {
    }

    public static String write(List<String> header, List<? extends List<?>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setNullValue("");
        header.forEach(schema::addColumn);
        try {
            return MAPPER.writer(schema.build()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("writing a CSV table", e);
        }
    }

    /** The body as a {@code text/csv} answer, offered for download as {@code filename}. */
    public static ResponseEntity<String> download(String filename, String body) {
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + filename + "\"").body(body);
    }
}
