package io.easgd.backend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The EASGD platform's backend: jobs, agents, the parameter server, metrics, the UI. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EasgdApplication {
    public static void main(String[] args) {
        SpringApplication.run(EasgdApplication.class, args);
    }
}
