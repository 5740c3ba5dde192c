package io.genpipe.simulator.leonardo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's datasets, the image uploads it has been handed presigned forms for, and its custom models (trainings).
 * Each kind is kept at most {@link #capacity} entries, oldest dropped first, and an upload form lapses after
 * {@link #uploadValidity}, so a long benchmark cannot exhaust memory. One lock: these calls are few and small.
 */
final class LeonardoDatasets {

    /** One image of a dataset, once its file reached the (simulated) storage. */
    record DatasetImage(String id, String url, Instant createdAt) {
    }

    record Dataset(String id, String name, String description, Instant createdAt, List<DatasetImage> images) {

        Dataset withImage(DatasetImage image) {
            List<DatasetImage> all = new ArrayList<>(images);
            all.add(image);
            return new Dataset(id, name, description, createdAt, List.copyOf(all));
        }
    }

    /**
     * A presigned upload handed out by {@code POST /datasets/{id}/upload}: the storage takes one file under
     * {@code key} when the form carries {@code signature}, until {@code expiresAt}.
     */
    record PendingUpload(String key, String imageId, String datasetId, String extension, String signature,
                         Instant expiresAt) {
    }

    private final int capacity;
    private final Duration uploadValidity;
    private final Map<String, Dataset> datasets;
    private final Map<String, PendingUpload> uploads;
    private final Map<String, LeonardoTraining> trainings;

    LeonardoDatasets(int capacity, Duration uploadValidity) {
        this.capacity = capacity;
        this.uploadValidity = uploadValidity;
        this.datasets = bounded(capacity);
        this.uploads = bounded(capacity);
        this.trainings = bounded(capacity);
    }

    Duration uploadValidity() {
        return uploadValidity;
    }

    synchronized void add(Dataset dataset) {
        datasets.put(dataset.id(), dataset);
    }

    synchronized Optional<Dataset> dataset(String id) {
        return Optional.ofNullable(datasets.get(id));
    }

    synchronized void expect(PendingUpload upload) {
        uploads.put(upload.key(), upload);
    }

    /**
     * The upload under {@code key} signed {@code signature}, taken (a form is good for one file), or empty when
     * unknown, lapsed or signed otherwise; a forged form leaves the real one usable.
     */
    synchronized Optional<PendingUpload> takeUpload(String key, String signature, Instant now) {
        PendingUpload upload = uploads.get(key);
        if (upload == null || !now.isBefore(upload.expiresAt()) || !upload.signature().equals(signature)) {
            return Optional.empty();
        }
        uploads.remove(key);
        return Optional.of(upload);
    }

    /** Adds the image to its dataset; false when the dataset is gone. */
    synchronized boolean addImage(String datasetId, DatasetImage image) {
        Dataset dataset = datasets.get(datasetId);
        if (dataset == null) {
            return false;
        }
        datasets.put(datasetId, dataset.withImage(image));
        return true;
    }

    synchronized void add(LeonardoTraining training) {
        trainings.put(training.id(), training);
    }

    synchronized Optional<LeonardoTraining> training(String id) {
        return Optional.ofNullable(trainings.get(id));
    }

    /** Deletes the custom model; a pending training stops with it. False when there was none. */
    synchronized boolean deleteTraining(String id) {
        return trainings.remove(id) != null;
    }

    /** Drops upload forms that have lapsed. */
    synchronized void expire(Instant now) {
        uploads.values().removeIf(upload -> !now.isBefore(upload.expiresAt()));
    }

    int capacity() {
        return capacity;
    }

    private static <V> Map<String, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
