package io.genpipe.access;

/** What a key may do: a tenant works with its own jobs; an admin also manages settings and sees every tenant. */
public enum Role {
    TENANT,
    ADMIN
}
