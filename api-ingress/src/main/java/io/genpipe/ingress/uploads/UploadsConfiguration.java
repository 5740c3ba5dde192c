package io.genpipe.ingress.uploads;

import io.genpipe.ingress.openai.OpenAiSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
class UploadsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UploadsConfiguration.class);

    /**
     * Uploads in a directory. One outside the image store the ingress knows ({@code genpipe.ingress.openai.image-store},
     * set as the workers') is allowed, since a deployment may mount it elsewhere, but said once: the workers would
     * refuse every job that names one of its uploads.
     */
    @Bean
    UploadStore uploadStore(UploadSettings settings, OpenAiSettings openAi) {
        LocalDirectoryUploadStore store = new LocalDirectoryUploadStore(settings.dir());
        Path imageStore = openAi.imageStore().toAbsolutePath().normalize();
        if (!store.root().startsWith(imageStore)) {
            log.warn("genpipe.ingress.uploads.dir {} is not inside the image store {}: workers read file: inputs from"
                    + " their image store only, so jobs naming these uploads will fail", store.root(), imageStore);
        }
        return store;
    }
}
