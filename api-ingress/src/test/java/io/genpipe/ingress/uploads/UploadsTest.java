package io.genpipe.ingress.uploads;

import io.genpipe.access.Caller;
import io.genpipe.access.Role;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Lora;
import io.genpipe.contracts.event.Training;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.limits.PayloadTooLargeException;
import io.genpipe.ingress.uploads.UploadStore.Ownership;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Uploads are typed by their bytes, bounded, stored per tenant, and only a tenant's own may be a job's input. */
class UploadsTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16};
    static final byte[] WEBP = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};

    private static final Caller ACME = new Caller("acme-ci", "acme", Role.TENANT);
    private static final Caller BETA = new Caller("beta-ci", "beta", Role.TENANT);
    private static final Caller ADMIN = new Caller("ops", "genpipe", Role.ADMIN);

    @TempDir
    Path images;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private LocalDirectoryUploadStore store() {
        return new LocalDirectoryUploadStore(images.resolve("uploads"));
    }

    private Uploads uploads() {
        return new Uploads(store(), new UploadSettings(images.resolve("uploads"), DataSize.ofBytes(64),
                DataSize.ofBytes(256)), meters);
    }

    @Test
    void storesAnImageUnderItsTenantNamedByAFileReference() throws Exception {
        StoredUpload stored = uploads().store("acme", PNG, "body");

        Path file = Path.of(java.net.URI.create(stored.uri()));
        assertThat(stored.uri()).startsWith("file:");
        assertThat(file.getParent()).isEqualTo(images.resolve("uploads").resolve("acme").toAbsolutePath());
        assertThat(file.getFileName().toString()).matches("[0-9a-f]{32}\\.png").isEqualTo(stored.name());
        assertThat(Files.readAllBytes(file)).isEqualTo(PNG);
        assertThat(stored.contentType()).isEqualTo("image/png");
        assertThat(stored.bytes()).isEqualTo(PNG.length);
        assertThat(meters.get(Uploads.UPLOADS).tag("type", "png").counter().count()).isEqualTo(1);
        assertThat(meters.get(Uploads.UPLOADED_BYTES).summary().totalAmount()).isEqualTo(PNG.length);
    }

    @Test
    void theTypeIsTheBytesNotTheDeclaredOne() {
        assertThat(ImageType.of(PNG)).contains(ImageType.PNG);
        assertThat(ImageType.of(JPEG)).contains(ImageType.JPEG);
        assertThat(ImageType.of(WEBP)).contains(ImageType.WEBP);
        assertThat(uploads().store("acme", JPEG, "file").uri()).endsWith(".jpg");

        MessageFormatException refused = catchThrowableOfType(MessageFormatException.class,
                () -> uploads().store("acme", "GIF89a not one of ours".getBytes(), "file"));
        assertThat(refused.field()).isEqualTo("file");
        assertThat(refused.reason()).contains("not a PNG, JPEG or WebP image");
        assertThat(catchThrowableOfType(MessageFormatException.class,
                () -> uploads().store("acme", new byte[0], "body")).reason()).isEqualTo("is empty");
    }

    @Test
    void anUploadOverTheLimitIsTooLargeAndReadNoFurther() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[1000]);

        assertThatThrownBy(() -> uploads().read(body)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("An upload may be at most 64 bytes (0 MiB)");
        assertThat(body.available()).as("read up to the limit and one byte").isEqualTo(1000 - 65);
        assertThat(uploads().read(new ByteArrayInputStream(new byte[64]))).hasSize(64);
    }

    @Test
    void anUploadIsItsTenantsForeignToOthersAndAnAdminsToUse() {
        LocalDirectoryUploadStore store = store();
        String uri = store.save("acme", ImageType.PNG, PNG).uri();

        assertThat(store.ownership(uri, "acme")).isEqualTo(Ownership.OWN);
        assertThat(store.ownership(uri, "beta")).isEqualTo(Ownership.FOREIGN);
        assertThat(store.ownership(uri, null)).isEqualTo(Ownership.OWN);
        String gone = uri.replaceAll("[0-9a-f]{32}", "0".repeat(32));
        assertThat(store.ownership(gone, "acme")).isEqualTo(Ownership.MISSING);
        assertThat(store.ownership(gone, "beta")).as("not told to another tenant").isEqualTo(Ownership.FOREIGN);
    }

    @Test
    void nothingElseOfTheFileSystemIsAnUpload() {
        LocalDirectoryUploadStore store = store();
        String uri = store.save("acme", ImageType.PNG, PNG).uri();
        String root = images.resolve("uploads").toUri().toString();

        assertThat(store.ownership(images.resolve("job-1/1-0.png").toUri().toString(), "acme"))
                .as("a result of the image store").isEqualTo(Ownership.NOT_AN_UPLOAD);
        assertThat(store.ownership("file:///etc/passwd", "acme")).isEqualTo(Ownership.NOT_AN_UPLOAD);
        assertThat(store.ownership(root + "acme/../../secret/" + uri.substring(uri.lastIndexOf('/') + 1), "acme"))
                .isEqualTo(Ownership.NOT_AN_UPLOAD);
        assertThat(store.ownership(root + "acme/notes.txt", "acme")).isEqualTo(Ownership.NOT_AN_UPLOAD);
        assertThat(store.ownership("https://example.com/a.png", "acme")).isEqualTo(Ownership.NOT_AN_UPLOAD);
    }

    @Test
    void aTenantIdThatIsNoSafeDirectoryNameIsHashed() {
        assertThat(LocalDirectoryUploadStore.directoryOf("acme-1")).isEqualTo("acme-1");
        assertThat(LocalDirectoryUploadStore.directoryOf("../etc")).matches("~[0-9a-f]{64}");
        assertThat(LocalDirectoryUploadStore.directoryOf("a/b")).matches("~[0-9a-f]{64}");
    }

    @Test
    void aJobsFileInputsMustBeTheCallersOwnUploadsNamedAsTheRequestNamesThem() {
        LocalDirectoryUploadStore store = store();
        String acmes = store.save("acme", ImageType.PNG, PNG).uri();
        UploadedInputs inputs = new UploadedInputs(store);
        JobInputs edit = JobInputs.edit(List.of("https://example.com/a.png", acmes), acmes);

        inputs.require(edit, ACME);
        inputs.require(edit, ADMIN);
        ForeignUploadException foreign = catchThrowableOfType(ForeignUploadException.class,
                () -> inputs.require(edit, BETA, field -> "jobs[3]." + field));
        assertThat(foreign.field()).isEqualTo("jobs[3].inputs.images[1]");

        JobInputs result = JobInputs.edit(List.of(images.resolve("job-1/1-0.png").toUri().toString()), null);
        MessageFormatException notUpload = catchThrowableOfType(MessageFormatException.class,
                () -> inputs.require(result, ADMIN));
        assertThat(notUpload.field()).isEqualTo("inputs.images[0]");
        assertThat(notUpload.reason()).contains("no upload");

        JobInputs lora = JobInputs.loras(List.of(new Lora("file:///srv/weights.safetensors", null)));
        assertThat(catchThrowableOfType(MessageFormatException.class, () -> inputs.require(lora, ACME)).field())
                .isEqualTo("inputs.loras[0].url");
        JobInputs training = JobInputs.training(List.of(acmes), new Training("subject", "TOK", null));
        inputs.require(training, ACME);
    }
}
