package io.genpipe.simulator;

import io.genpipe.simulator.fal.FalServer;
import io.genpipe.simulator.google.GoogleServer;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.huggingface.HuggingFaceServer;
import io.genpipe.simulator.ideogram.IdeogramServer;
import io.genpipe.simulator.leonardo.LeonardoServer;
import io.genpipe.simulator.openai.OpenAiServer;
import io.genpipe.simulator.replicate.ReplicateServer;
import io.genpipe.simulator.stability.StabilityServer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The vendors the simulator speaks for. Each one gets its own HTTP server, port, key and profile; simulating another
 * vendor means a constant here and its server package.
 */
public enum Vendor {
    /** fal.ai queue API: submit, poll status, fetch result (vendor-apis.md section 1). */
    FAL(FalServer::start),
    /** OpenAI images API: synchronous {@code POST /v1/images/generations}, and the models list (section 3). */
    OPENAI(OpenAiServer::start),
    /** Leonardo.Ai: {@code POST /api/rest/v1/generations}, then poll {@code GET /generations/{id}} (section 2). */
    LEONARDO(LeonardoServer::start),
    /** Ideogram 3.0: synchronous multipart {@code POST /v1/ideogram-v3/generate}, expiring image links (section 6). */
    IDEOGRAM(IdeogramServer::start),
    /** Stability AI v2beta Stable Image: synchronous multipart {@code POST /v2beta/stable-image/generate/*} (section 4). */
    STABILITY(StabilityServer::start),
    /** Hugging Face inference router, hf-inference: synchronous {@code POST /hf-inference/models/{id}} (section 8). */
    HUGGINGFACE(HuggingFaceServer::start),
    /** Replicate predictions: create (with {@code Prefer: wait}), poll, cancel (section 5). */
    REPLICATE(ReplicateServer::start),
    /** Google's Gemini API image models: synchronous {@code generateContent}, Imagen ids shut down (section 7). */
    GOOGLE(GoogleServer::start);

    private final VendorServer.Starter starter;

    Vendor(VendorServer.Starter starter) {
        this.starter = starter;
    }

    /**
     * The vendor's name in lower case, {@code fal} or {@code openai}: the name of its API in genpipe's catalog
     * ({@code adapter: fal}) and in the standalone settings ({@code simulator.fal.port}).
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The vendor whose {@link #id()} is {@code id}, if the simulator speaks for it. */
    public static Optional<Vendor> byId(String id) {
        return Arrays.stream(values()).filter(vendor -> vendor.id().equals(id)).findFirst();
    }

    VendorServer.Starter starter() {
        return starter;
    }
}
