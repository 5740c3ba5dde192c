package io.genpipe.worker.image;

import io.genpipe.contracts.event.ImageRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalDirectoryImageStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesEachImageUnderItsJobAndAttemptAndRefersToItByFileUri() throws Exception {
        LocalDirectoryImageStore store = new LocalDirectoryImageStore(dir);

        ImageRef ref = store.store("job-42", 2, 1, new byte[] {1, 2, 3}, 1024, 1536);

        Path file = dir.resolve("job-42").resolve("2-1.png");
        assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(ref.uri()).startsWith("file:").isEqualTo(file.toUri().toString());
        assertThat(Path.of(URI.create(ref.uri()))).isEqualTo(file.toAbsolutePath());
        assertThat(ref.width()).isEqualTo(1024);
        assertThat(ref.height()).isEqualTo(1536);
        assertThat(ref.contentType()).isEqualTo("image/png");
    }

    @Test
    void storingTheSameImageAgainReplacesIt() {
        LocalDirectoryImageStore store = new LocalDirectoryImageStore(dir);

        store.store("job-1", 1, 0, new byte[] {1}, 1024, 1024);
        store.store("job-1", 1, 0, new byte[] {9, 9}, 1024, 1024);

        assertThat(dir.resolve("job-1").resolve("1-0.png")).hasBinaryContent(new byte[] {9, 9});
    }

    @Test
    void aJobIdCannotWriteOutsideTheDirectory() throws Exception {
        LocalDirectoryImageStore store = new LocalDirectoryImageStore(dir.resolve("images"));

        ImageRef ref = store.store("../../etc", 1, 0, new byte[] {1}, 1024, 1024);

        assertThat(Path.of(URI.create(ref.uri()))).startsWith(dir.resolve("images").toAbsolutePath());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("images"));
        }
    }

    @Test
    void aJobIdKeepsOnlyLettersDigitsDotsUnderscoresAndHyphens() {
        assertThat(LocalDirectoryImageStore.safeName("job-42_a.B")).isEqualTo("job-42_a.B");
        assertThat(LocalDirectoryImageStore.safeName("a/b\\c d:é\u0000")).isEqualTo("a_b_c_d___");
        assertThat(LocalDirectoryImageStore.safeName("..")).isEqualTo("__");
        assertThat(LocalDirectoryImageStore.safeName(".")).isEqualTo("_");
        assertThat(LocalDirectoryImageStore.safeName("...")).isEqualTo("...");
    }

    @Test
    void leavesOnlyTheImagesBehindNoPartialFiles() throws Exception {
        LocalDirectoryImageStore store = new LocalDirectoryImageStore(dir.resolve("images"));

        store.store("job-1", 1, 0, new byte[] {1}, 1024, 1024);
        store.store("job-1", 1, 1, new byte[] {2}, 1024, 1024);
        store.store("job-1", 1, 0, new byte[] {3}, 1024, 1024);

        try (var files = Files.list(dir.resolve("images").resolve("job-1"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("1-0.png", "1-1.png");
        }
    }
}
