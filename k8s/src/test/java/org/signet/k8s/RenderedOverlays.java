package org.signet.k8s;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Renders an overlay with {@code kubectl kustomize} and reads the result into fabric8's typed
 * Kubernetes models. fabric8 keeps unknown fields in {@code additionalProperties} instead of failing,
 * so every object is walked and any unknown field (a typo, a field of another API version) fails.
 */
final class RenderedOverlays {

    private RenderedOverlays() {
    }

    static Path k8sDirectory() {
        return Path.of(System.getProperty("signet.repo.root", "..")).toAbsolutePath().normalize().resolve("k8s");
    }

    static List<HasMetadata> render(String overlay) {
        String yaml = kustomize(k8sDirectory().resolve("overlays").resolve(overlay));
        Object parsed = Serialization.unmarshal(yaml);
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof KubernetesList list) {
            objects.addAll(list.getItems());
        }
        else if (parsed instanceof List<?> list) {
            list.forEach(item -> objects.add((HasMetadata) item));
        }
        else {
            objects.add((HasMetadata) parsed);
        }
        for (HasMetadata object : objects) {
            List<String> unknown = new ArrayList<>();
            findUnknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown, new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("Unknown fields in overlay " + overlay + ": " + unknown);
            }
        }
        return objects;
    }

    private static String kustomize(Path overlay) {
        ProcessBuilder builder = new ProcessBuilder("kubectl", "kustomize", overlay.toString());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + overlay + " failed");
            }
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("kubectl is needed (./signet test installs it): " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void findUnknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?> || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> findUnknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                findUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || !method.getName().startsWith("get") || method.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            }
            catch (ReflectiveOperationException ex) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
                continue;
            }
            findUnknownFields(child, path + "." + method.getName().substring(3), unknown, seen);
        }
    }
}
