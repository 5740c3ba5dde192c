package io.genpipe.ingress.submission;

import io.genpipe.contracts.json.MessageFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A JSONL (newline-delimited JSON) body as its lines: UTF-8, LF or CRLF, blank lines skipped. */
final class JsonLines {

    private JsonLines() {
    }

    /** One line of the body; {@code index} counts from 0 over every line, blank ones included. */
    record Line(int index, String text) {
    }

    static List<Line> split(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new MessageFormatException(MessageFormatException.Problem.NOT_JSON, null, "the body is not UTF-8");
        }
        List<Line> lines = new ArrayList<>();
        String[] all = text.split("\r?\n");
        for (int i = 0; i < all.length; i++) {
            if (!all[i].isBlank()) {
                lines.add(new Line(i, all[i]));
            }
        }
        return lines;
    }
}
