package io.genpipe.ingress.dashboard;

import io.genpipe.access.keys.ApiKeyHash;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.ingress.RunningIngressWithWorkers;
import io.genpipe.messaging.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard end to end: this ingress and a real results sink (real broker, real PostgreSQL), jobs told on the
 * topics as the router and the workers tell them, providers' health as workers and the router report it; the page
 * opened in headless Chromium, a key entered, and what each section shows checked, then the sink stopped to see the
 * page say so. Screenshots go to {@code target/dashboard-screenshots/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them the browser test is skipped on a
 * developer's machine and fails where {@code GENPIPE_REQUIRE_CHROMIUM=true} (.ci/run sets it after installing them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT extends RunningIngressWithWorkers {

    private static final Path CHROMIUM = Path.of(System.getProperty("genpipe.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("genpipe.test.chromedriver",
            "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A tenant of its own, so that what the sink shows it is only this test's jobs. */
    private static final String TENANT = "studio-dash";
    private static final String DASH_KEY = ApiKeyHash.generate();
    private static final String BATCH = TestInfrastructure.shared().uniqueName("dash-batch");
    private static final String EXPERIMENT = "dash-ab";
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(90);
    private static final String FLUX = "fal-ai/flux/schnell";
    private static final String GPT_IMAGE = "gpt-image-2";

    private static DashboardSink sink;
    private static boolean published;
    private static ChromeDriver browser;

    private static final JobEvents FAL_ONLY = JobEvents.requested(id("fal-only"), TENANT, BATCH, START)
            .inArm(EXPERIMENT, "fal")
            .succeeds("fal", FLUX, "cheapest qualifying: fal fal-ai/flux/schnell at $0.003 per image", "0.003", 1_200)
            .succeeded();
    private static final JobEvents FELL_BACK = JobEvents.requested(id("fell-back"), TENANT, BATCH, START.plusSeconds(5))
            .fails("fal", FLUX, "cheapest qualifying: fal fal-ai/flux/schnell at $0.003 per image",
                    FailureClass.RATE_LIMITED, "fal: 429 Too Many Requests", "0", 300)
            .succeeds("openai", GPT_IMAGE, "fal was tried; next cheapest: openai gpt-image-2 at $0.0082 per image",
                    "0.0082", 6_200)
            .succeeded();
    private static final JobEvents REJECTED = JobEvents.requested(id("rejected"), TENANT, BATCH, START.plusSeconds(10))
            .inArm(EXPERIMENT, "fal")
            .fails("fal", FLUX, "A/B experiment dash-ab, arm fal", FailureClass.CONTENT_REJECTED,
                    "fal: the prompt was refused by the content filter", "0.003", 900)
            .failed(FailureClass.CONTENT_REJECTED, "fal: the prompt was refused by the content filter"
                    + " (no other provider may fix CONTENT_REJECTED)");
    private static final JobEvents RUNNING = JobEvents.requested(id("running"), TENANT, BATCH, START.plusSeconds(15))
            .inFlight("fal", FLUX, "cheapest qualifying: fal fal-ai/flux/schnell at $0.003 per image");
    private static final JobEvents UNPRICED = JobEvents.requested(id("unpriced"), TENANT, null, START.plusSeconds(20))
            .inArm(EXPERIMENT, "openai")
            .succeeds("openai", GPT_IMAGE, "A/B experiment dash-ab, arm openai", null, 5_000)
            .succeeded();

    @Autowired
    private EventPublisher publisher;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void dashboard(DynamicPropertyRegistry registry) {
        registry.add("genpipe.access.keys[4].id", () -> "dash-tests");
        registry.add("genpipe.access.keys[4].tenant", () -> TENANT);
        registry.add("genpipe.access.keys[4].role", () -> "TENANT");
        registry.add("genpipe.access.keys[4].sha256", () -> ApiKeyHash.sha256(DASH_KEY));
        // Started when this ingress's context is, so the ingress is given its port.
        registry.add("genpipe.dashboard.sink-url", () -> sink().url().toString());
        registry.add("genpipe.dashboard.timeout", () -> "2s");
    }

    private static synchronized DashboardSink sink() {
        if (sink == null) {
            sink = DashboardSink.start(ADMIN_KEY, Map.of("acme", TENANT_KEY, TENANT, DASH_KEY),
                    Map.of("genpipe.sink.budgets[0].scope", "tenant", "genpipe.sink.budgets[0].name", TENANT,
                            "genpipe.sink.budgets[0].daily", "0.05"));
        }
        return sink;
    }

    @BeforeEach
    void theRouterTheWorkersAndTheirJobsHaveSpoken() throws Exception {
        health.report("fal", HealthState.UP, "");
        health.report("openai", HealthState.DOWN, "circuit open after 5 failures in a row");
        SystemHealthReported degraded = new SystemHealthReported(GenpipeEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(), NOW, SystemHealthReported.Level.DEGRADED,
                List.of(new SystemHealthReported.OperationHealth(Operation.TEXT_TO_IMAGE,
                        SystemHealthReported.Level.DEGRADED, List.of("fal"), List.of("openai is down (circuit open)"))),
                "dashboard-router", NOW.plusSeconds(3600));
        publisher.publish(Topics.SYSTEM_HEALTH, "router", degraded).get(10, TimeUnit.SECONDS);
        if (!published) {
            for (JobEvents job : List.of(FAL_ONLY, FELL_BACK, REJECTED, RUNNING, UNPRICED)) {
                job.publish(publisher);
            }
            published = true;
        }
    }

    @AfterEach
    void theRouterFallsSilent() throws Exception {
        // The topic is compacted and shared: the next test class starts from no router report.
        publisher.publish(Topics.SYSTEM_HEALTH, "router", null).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    @Order(1)
    void thePageNeedsNoKeyAndItsReadsAreForwardedOnlyFromTheListWithTheCallersOwnKey() {
        HttpResponse<String> page = get("/dashboard/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardPage.CONTENT_SECURITY_POLICY);
        assertThat(page.body()).contains("<title>genpipe dashboard</title>");
        assertThat(get("/dashboard/sections.js", null).statusCode()).isEqualTo(200);
        HttpResponse<String> bare = get("/dashboard", null);
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/dashboard/"));

        assertThat(get("/v1/dashboard/sink/v1/stats", null).statusCode()).as("the data needs a key").isEqualTo(401);
        HttpResponse<String> notOnTheList = get("/v1/dashboard/sink/v1/admin/budgets", ADMIN_KEY);
        assertThat(notOnTheList.statusCode()).isEqualTo(404);
        assertThat(notOnTheList.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(notOnTheList).path("field").asString()).isEqualTo("path");
        HttpResponse<String> csv = get("/v1/dashboard/sink/v1/stats?format=csv", DASH_KEY);
        assertThat(csv.statusCode()).isEqualTo(400);
        assertThat(json(csv).path("field").asString()).isEqualTo("format");

        String job = "/v1/dashboard/sink/v1/jobs/" + FAL_ONLY.jobId();
        JsonNode seen = await().atMost(PATIENCE).until(() -> get(job, DASH_KEY), response -> response.statusCode() == 200)
                .body().transform(text -> JSON.readTree(text));
        assertThat(seen.path("tenantId").asString()).isEqualTo(TENANT);
        HttpResponse<String> othersJob = get(job, TENANT_KEY);
        assertThat(othersJob.statusCode()).as("another tenant's job, as the sink answers it").isEqualTo(404);
        assertThat(json(othersJob).path("field").asString()).isEqualTo("jobId");
        HttpResponse<String> byHeader = send(HttpRequest.newBuilder(uri(job)).header("X-API-Key", DASH_KEY).GET().build());
        assertThat(byHeader.statusCode()).isEqualTo(200);
        assertThat(byHeader.headers().firstValue("Cache-Control")).hasValue("no-store");

        assertThat(count("job", "ok")).isGreaterThanOrEqualTo(2);
        assertThat(count("job", "client_error")).isGreaterThanOrEqualTo(1);
        assertThat(count("none", "refused")).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(2)
    void showsEverySectionLiveInABrowserAndSaysWhenTheSinkIsUnreachable() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("GENPIPE_REQUIRE_CHROMIUM"))) {
            fail("GENPIPE_REQUIRE_CHROMIUM=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        assumeTrue(installed, "the dashboard's browser test needs Debian's chromium and chromium-driver ("
                + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        Files.createDirectories(SCREENSHOTS);
        browser = chromium();

        browser.get(uri("/dashboard").toString());
        assertThat(text("#connection")).startsWith("Enter an API key");
        assertThat(script("return document.getElementById('panels').hidden")).isEqualTo(true);
        browser.findElement(By.id("api-key")).sendKeys(DASH_KEY);
        browser.findElement(By.id("connect")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/").doesNotContain(DASH_KEY);
        assertThat(script("return sessionStorage.getItem('genpipe.dashboard.key')")).isEqualTo(DASH_KEY);
        assertThat(browser.findElement(By.id("api-key")).getDomProperty("value")).isEmpty();

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(text("#system-level")).isEqualTo("DEGRADED");
            assertThat(text("#operations")).contains("openai is down (circuit open)");
            assertThat(text("#providers tr[data-provider=fal]")).contains("UP");
            assertThat(text("#providers tr[data-provider=openai]")).contains("DOWN",
                    "circuit open after 5 failures in a row");
            // No worker reports on it: its state and its figures are unknown, not healthy and not 0.
            assertThat(text("#providers tr[data-provider=google]")).contains("UNKNOWN", "unknown");
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(cells("#stats tr[data-provider=fal]")).containsSubsequence("fal", "3", "0.3", "33.3%");
            assertThat(cells("#stats tr[data-provider=openai]")).containsSubsequence("openai", "2", "0.2", "100%");
            assertThat(cells("#stats tr[data-provider=all]")).containsSubsequence("all providers", "5", "0.5", "60%");
            assertThat(cells("#stats tr[data-provider=fal]").get(5)).as("p95").isNotEqualTo("unknown");
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(cells("#costs tr[data-provider=fal]")).containsExactly("fal", "$0.006", "3", "none");
            // One openai attempt's price is unknown: the spend is at least the known part, never that part as all.
            assertThat(cells("#costs tr[data-provider=openai]")).containsExactly("openai", "≥ $0.0082", "2", "1 attempt");
            assertThat(text("#spend-total")).startsWith("total ≥ $0.0142");
            assertThat(text("[data-budget='tenant:" + TENANT + "'] [data-period=day]")).contains("28.4% used", "of $0.05");
            assertThat(text("[data-budget='tenant:" + TENANT + "'] [data-period=month]")).contains("no limit");
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(script("return document.getElementById('experiment-list').value")).isEqualTo(EXPERIMENT);
            assertThat(cells("#arms tr[data-arm=fal]")).containsSubsequence("fal", "2", "1", "1", "none rated");
            assertThat(cells("#arms tr[data-arm=openai]")).containsSubsequence("openai", "1", "1", "0");
            // Nobody rated a job: which arm satisfies most is unknown; fal is the faster and, of known costs, cheaper.
            assertThat(text("#best")).contains("most satisfying unknown", "fastest fal", "cheapest fal");
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            String fellBack = "#recent-jobs tr[data-job-id='" + FELL_BACK.jobId() + "']";
            assertThat(text(fellBack)).contains("SUCCEEDED", "openai gpt-image-2");
            assertThat(text(fellBack + " li[data-attempt='1']")).contains("RATE_LIMITED: fal: 429 Too Many Requests",
                    "router: cheapest qualifying: fal fal-ai/flux/schnell at $0.003 per image");
            assertThat(text(fellBack + " li[data-attempt='2']")).contains(
                    "router: fal was tried; next cheapest: openai gpt-image-2 at $0.0082 per image");
            // Its only price is unknown: the job's cost is unknown, not "$0" and not "at least $0".
            assertThat(text("#recent-jobs tr[data-job-id='" + UNPRICED.jobId() + "']")).contains("cost unknown");
            assertThat(cells("#recent-jobs tr[data-job-id='" + UNPRICED.jobId() + "']").get(3)).isEqualTo("unknown");
            assertThat(text("#recent-jobs tr[data-job-id='" + RUNNING.jobId() + "']")).contains("RUNNING", "DISPATCHED");
            assertThat(cells("#recent-jobs tr[data-job-id='" + RUNNING.jobId() + "']").get(3)).isEqualTo("none billed yet");
            assertThat(text("#recent-jobs tr[data-job-id='" + REJECTED.jobId() + "']"))
                    .contains("FAILED", "CONTENT_REJECTED: fal: the prompt was refused by the content filter");
        });

        assertThat(text(".source[data-source=batch]")).contains("no batch chosen");
        browser.findElement(By.id("batch-id")).sendKeys(BATCH);
        browser.findElement(By.cssSelector("#batch-form button")).click();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(text("#batch-done")).isEqualTo("3");
            assertThat(text("#batch-total")).isEqualTo("4");
            assertThat(text("#batch-succeeded")).isEqualTo("2");
            assertThat(text("#batch-failed")).isEqualTo("1");
            assertThat(text("#batch-running")).isEqualTo("1");
            assertThat(text("#batch-cost")).isEqualTo("$0.0142");
            assertThat(text("#batch-complete")).isEqualTo("running");
            assertThat(browser.findElement(By.id("batch-progress")).getDomAttribute("aria-valuenow")).isEqualTo("75");
            assertThat(cells("#batch-providers tr[data-provider=openai]")).containsExactly("openai", "1", "1", "1", "0",
                    "$0.0082");
        });
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(states()).containsOnly("fresh");
            assertThat(text("#connection")).startsWith("Live: every source answered");
        });
        screenshot("dashboard.png");

        sink.close();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(state("stats")).isEqualTo("stale");
            assertThat(text(".source[data-source=stats]")).contains("The results sink is unreachable");
            assertThat(state("jobs")).isEqualTo("stale");
            assertThat(state("health")).as("the ingress's own").isEqualTo("fresh");
            assertThat(text("#connection")).contains("stale or unknown");
        });
        // What was shown stays, marked stale: the job's reasons are still there to read.
        assertThat(text("#recent-jobs")).contains("router: cheapest qualifying: fal");
        screenshot("sink-unreachable.png");
        HttpResponse<String> unreachable = get("/v1/dashboard/sink/v1/stats?window=10m", DASH_KEY);
        assertThat(unreachable.statusCode()).isEqualTo(503);
        assertThat(unreachable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(unreachable).path("detail").asString()).startsWith("The results sink is unreachable (");
        assertThat(unreachable.body()).doesNotContain("Exception", sink.url().toString(), "at io.genpipe");
        assertThat(count("stats", "unreachable")).isPositive();

        // A page opened while the sink is away has never seen its figures: unknown, never 0.
        browser.navigate().refresh();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(state("stats")).isEqualTo("unknown");
            assertThat(text("#stats tbody")).isEqualTo("unknown");
            assertThat(text("#spend-total")).isEqualTo("total unknown");
            assertThat(text("#batch-succeeded")).isEqualTo("unknown");
            assertThat(text("#budgets")).isEqualTo("unknown");
            assertThat(text("#system-level")).isEqualTo("DEGRADED");
        });
        screenshot("sink-unknown.png");
    }

    private static String id(String name) {
        return TestInfrastructure.shared().uniqueName("dash-" + name);
    }

    private double count(String source, String outcome) {
        var timer = meters.find(SinkForwarder.METER).tags("source", source, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2300",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** What the element shows, read in one go inside the page (it is redrawn every 2 s); null when there is none. */
    private static String text(String selector) {
        Object text = script("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null;",
                selector);
        return (String) text;
    }

    @SuppressWarnings("unchecked")
    private static List<String> cells(String rowSelector) {
        return (List<String>) script("const row = document.querySelector(arguments[0]);"
                + " return row ? [...row.cells].map(c => c.innerText.trim()) : [];", rowSelector);
    }

    private static String state(String source) {
        return (String) script("return document.querySelector(`.source[data-source=\"${arguments[0]}\"]`).dataset.state",
                source);
    }

    @SuppressWarnings("unchecked")
    private static List<String> states() {
        return (List<String>) script("return [...document.querySelectorAll('.source')].map(s => s.dataset.state)");
    }

    private static Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
