package io.genpipe.ingress.limits;

import io.genpipe.ingress.uploads.UploadSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;

/**
 * Refuses a body over the limit with 413 before it is read into memory: at once when its Content-Length says so, or as
 * soon as a chunked body passes the limit. Answered through the MVC exception handlers, as problem+json (by the OpenAI
 * endpoints in OpenAI's error shape). Images have limits of their own: {@code POST /v1/uploads} one image's
 * ({@code genpipe.ingress.uploads.max-size}, with room for a multipart envelope), {@code POST /v1/images/edits} its
 * files' together ({@code .max-request-size}).
 */
@Component
class BodySizeLimit extends OncePerRequestFilter {

    /** A multipart envelope's boundaries and part headers around one uploaded file. */
    private static final long ENVELOPE = 64 * 1024;
    /** The OpenAI-compatible endpoints, which answer errors in OpenAI's shape. */
    private static final String OPENAI = "/v1/images/";

    private final LimitSettings settings;
    private final UploadSettings uploads;
    private final HandlerExceptionResolver errors;

    BodySizeLimit(LimitSettings settings, UploadSettings uploads,
                  @Qualifier("handlerExceptionResolver") HandlerExceptionResolver handlerExceptionResolver) {
        this.settings = settings;
        this.uploads = uploads;
        this.errors = handlerExceptionResolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        PayloadTooLargeException tooLarge;
        long limit;
        if (path.equals("/v1/uploads")) {
            limit = uploads.maxSize().toBytes() + ENVELOPE;
            tooLarge = new PayloadTooLargeException("An upload", uploads.maxSize());
        } else if (path.equals("/v1/images/edits")) {
            limit = uploads.maxRequestSize().toBytes();
            tooLarge = new PayloadTooLargeException("An image edit request", uploads.maxRequestSize());
        } else {
            limit = settings.maxBodySize().toBytes();
            tooLarge = new PayloadTooLargeException(settings.maxBodySize());
        }
        if (request.getContentLengthLong() > limit) {
            if (path.startsWith(OPENAI)) {
                // Refused where the endpoint reads its body, still before a byte is read: only there is the handler
                // known, so that the OpenAI endpoints' own advice answers in OpenAI's error shape, as SDKs expect.
                chain.doFilter(new Refused(request, tooLarge), response);
                return;
            }
            errors.resolveException(request, response, null, tooLarge);
            return;
        }
        chain.doFilter(request.getContentLengthLong() >= 0 ? request : new Bounded(request, limit, tooLarge),
                response);
    }

    /** A body declared over the limit: refused at the first attempt to read it. */
    private static final class Refused extends HttpServletRequestWrapper {

        private final PayloadTooLargeException tooLarge;

        Refused(HttpServletRequest request, PayloadTooLargeException tooLarge) {
            super(request);
            this.tooLarge = tooLarge;
        }

        @Override
        public ServletInputStream getInputStream() {
            throw tooLarge;
        }

        @Override
        public java.io.BufferedReader getReader() {
            throw tooLarge;
        }
    }

    /** A body of unknown length, counted as it is read. */
    private final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private final PayloadTooLargeException tooLarge;

        Bounded(HttpServletRequest request, long limit, PayloadTooLargeException tooLarge) {
            super(request);
            this.limit = limit;
            this.tooLarge = tooLarge;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream body = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = body.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = body.read(buffer, offset, length);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (read > limit) {
                        throw tooLarge;
                    }
                }

                @Override
                public boolean isFinished() {
                    return body.isFinished();
                }

                @Override
                public boolean isReady() {
                    return body.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    body.setReadListener(listener);
                }
            };
        }
    }
}
