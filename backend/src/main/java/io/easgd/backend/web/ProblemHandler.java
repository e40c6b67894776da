package io.easgd.backend.web;

import io.easgd.core.data.DatasetFormatException;
import io.easgd.core.model.InvalidModelException;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.SpecValidationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Every error as RFC 9457 {@code application/problem+json}: a 4xx names the field and the reason;
 * a 5xx never carries a stack trace.
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandler {
    public static final String BASE = "https://easgd.io/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(SpecValidationException.class)
    ResponseEntity<ProblemDetail> invalid(SpecValidationException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", e.getMessage());
        p.setProperty("errors", e.errors().stream().map(err -> Map.of("field", err.field(), "message", err.message())).toList());
        return respond(p);
    }

    @ExceptionHandler(InvalidModelException.class)
    ResponseEntity<ProblemDetail> invalidModel(InvalidModelException e) {
        return invalid(new SpecValidationException(List.of(new FieldError("modelJson", e.getMessage()))));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ProblemDetail> notFound(NoSuchElementException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "illegal-transition", "Illegal state transition", e.getMessage());
        p.setProperty("state", e.state());
        return respond(p);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> badInput(ServerWebInputException e) {
        String field = e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                ? e.getMethodParameter().getParameterName() : "request";
        String reason = e.getCause() instanceof org.springframework.beans.TypeMismatchException tme
                && tme.getRequiredType() != null && Number.class.isAssignableFrom(
                        org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(tme.getRequiredType()))
                ? "must be an integer, found " + tme.getValue()
                : e.getReason() == null ? "is not valid" : e.getReason();
        return invalid(new SpecValidationException(field, reason));
    }

    @ExceptionHandler(DatasetFormatException.class)
    ResponseEntity<ProblemDetail> dataset(DatasetFormatException e) {
        log.warn("dataset problem: {}", e.getMessage());
        return respond(problem(HttpStatus.UNPROCESSABLE_ENTITY, "dataset", "Dataset unusable", e.getMessage()));
    }

    /**
     * The problem with its content type set: content negotiation would otherwise pick the handler's
     * own type, and an endpoint that produces {@code text/event-stream} would send the problem as an
     * SSE {@code data:} line.
     */
    private static ResponseEntity<ProblemDetail> respond(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(BASE + type));
        p.setTitle(title);
        return p;
    }
}
