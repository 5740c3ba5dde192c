package io.genpipe.ingress.openai;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A file: image is read from the image store only, whatever path an outcome names. */
class ImageBytesTest {

    @TempDir
    Path root;

    private ImageBytes bytes;

    @AfterEach
    void close() {
        if (bytes != null) {
            bytes.destroy();
        }
    }

    @Test
    void anImageInTheStoreIsReadAndAFileOutsideItIsNot() throws Exception {
        Path store = Files.createDirectory(root.resolve("images"));
        Path inside = Files.write(store.resolve("a.png"), new byte[]{1, 2, 3});
        Path outside = Files.write(root.resolve("secret.txt"), new byte[]{9});
        bytes = new ImageBytes(new OpenAiSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), store));

        assertThat(bytes.read(inside.toUri().toString()).join()).containsExactly(1, 2, 3);
        assertRefused(outside.toUri().toString());
        assertRefused("file://" + store + "/../secret.txt");
        Path link = Files.createSymbolicLink(store.resolve("link.png"), outside);
        assertRefused(link.toUri().toString());
    }

    private void assertRefused(String uri) {
        assertThatThrownBy(() -> bytes.read(uri).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ImageUnavailableException.class)
                .cause().hasMessageContaining("outside the image store");
    }
}
