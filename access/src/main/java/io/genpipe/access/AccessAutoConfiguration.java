package io.genpipe.access;

import io.genpipe.access.keys.ApiKeyAuthenticationProvider;
import io.genpipe.access.keys.ApiKeys;
import io.genpipe.access.keys.ConfiguredApiKeys;
import io.genpipe.access.keys.DatabaseApiKeys;
import io.genpipe.access.keys.StackedApiKeys;
import io.genpipe.access.keys.PresentedKeys;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The one security setup of genpipe's HTTP services (the ingress and the sink's query API): every request needs an
 * API key except the liveness and readiness probes and the API documents; {@code /v1/admin/**} and the actuator's
 * other endpoints need the ADMIN role. Stateless: no session, no cookie, so no CSRF token either.
 */
@AutoConfiguration
@EnableWebSecurity
@EnableConfigurationProperties(AccessSettings.class)
public class AccessAutoConfiguration {

    /** The configured keys, then the database's when the service has a database (see {@link DatabaseKeys}). */
    @Bean
    @Primary
    ApiKeys apiKeys(AccessSettings settings, ObjectProvider<DatabaseApiKeys> database) {
        List<ApiKeys> stores = new ArrayList<>();
        stores.add(new ConfiguredApiKeys(settings));
        database.ifAvailable(stores::add);
        return new StackedApiKeys(stores);
    }

    /** Also keeps Spring Boot from creating a default user with a generated password. */
    @Bean
    ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys keys) {
        return new ApiKeyAuthenticationProvider(keys);
    }

    @Bean
    SecurityFilterChain apiKeySecurity(HttpSecurity http, ApiKeyAuthenticationProvider provider,
                                       ObjectProvider<MeterRegistry> meters) throws Exception {
        AccessProblems problems = new AccessProblems(meters.getIfAvailable(SimpleMeterRegistry::new));
        AuthenticationFilter keys = new AuthenticationFilter(new ProviderManager(provider), new PresentedKeys());
        keys.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
        // Authenticated: carry on to the endpoint (the default would redirect, as after a login form).
        keys.setSuccessHandler((request, response, authentication) -> { });
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(keys, AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(rules -> rules
                        // An error page or an async completion belongs to a request that was already authorised.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").authenticated()
                        .requestMatchers("/v1/admin/**", "/actuator/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .build();
    }
}
