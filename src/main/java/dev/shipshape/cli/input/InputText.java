package dev.shipshape.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Reads an input as UTF-8 text, bounded in size; renders a chart. */
final class InputText {

    /** Larger inputs are refused rather than read into memory. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private InputText() {
    }

    static String read(InputSource source, InputOptions options, CliContext context) throws InputException {
        if (source.isChart()) {
            return HelmCharts.render(source, options.helm(), context);
        }
        byte[] bytes;
        try {
            if (source.isStdin()) {
                bytes = readBounded(context.stdin(), source);
            } else if (!Files.isRegularFile(source.path())) {
                try (InputStream stream = Files.newInputStream(source.path())) {
                    bytes = readBounded(stream, source);
                }
            } else {
                if (Files.size(source.path()) > MAX_BYTES) {
                    throw tooLarge(source);
                }
                bytes = Files.readAllBytes(source.path());
            }
        } catch (IOException e) {
            throw new InputException(InputProblem.ofFile(source.name(), "cannot read: " + e.getMessage()));
        }
        return decode(bytes, source);
    }

    private static byte[] readBounded(InputStream in, InputSource source) throws IOException, InputException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(source);
        }
        return bytes;
    }

    private static InputException tooLarge(InputSource source) {
        return new InputException(InputProblem.ofFile(source.name(),
                "larger than " + MAX_BYTES / (1024 * 1024) + " MiB; refusing to read it"));
    }

    private static String decode(byte[] bytes, InputSource source) throws InputException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new InputException(new InputProblem(source.name(), line, 0,
                    "not valid UTF-8 text (byte offset " + in.position() + ")"));
        }
        String text = out.flip().toString();
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }
}
