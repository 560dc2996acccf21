package dev.shipshape.policy;

/** The area of hardening a check belongs to; groups checks in docs and reports. */
public enum Category {
    PRIVILEGES("Privileges"),
    HOST_ISOLATION("Host isolation"),
    KERNEL("Kernel and security modules"),
    IDENTITY("User identity"),
    FILESYSTEM("Filesystem and volumes"),
    RESOURCES("Resources"),
    RELIABILITY("Health probes"),
    SUPPLY_CHAIN("Images"),
    SECRETS("Secrets"),
    API_ACCESS("API access"),
    NETWORK("Network segmentation");

    private final String title;

    Category(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
