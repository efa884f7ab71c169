package io.github.compressionlab.kernel;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Model;
import org.apache.maven.model.Repository;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves {@code group:artifact:version} with its runtime dependencies, using Maven's own resolver
 * (maven-resolver-supplier-mvn3) and the user's local repository ({@code -Dmaven.repo.local}, else
 * {@code ~/.m2/repository}).
 *
 * <p>The remote repository is Maven's default one, read from Maven's super-POM (the model every
 * Maven build inherits), so its location is Maven's, never written here.
 */
final class MavenResolver {

  private static final String SUPER_POM = "org/apache/maven/model/pom-4.0.0.xml";

  private RepositorySystem system;

  /** The jars of {@code coordinates} and its runtime dependencies, in resolution order. */
  synchronized List<Path> resolve(String coordinates) throws Exception {
    DefaultArtifact artifact;
    try {
      artifact = new DefaultArtifact(coordinates);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + coordinates
              + "' is not a Maven coordinate; write group:artifact:version, e.g."
              + " %maven org.apache.commons:commons-math3:3.6.1",
          e);
    }
    if (system == null) {
      system = new RepositorySystemSupplier().get();
    }
    try (RepositorySystemSession.CloseableSession session =
        new SessionBuilderSupplier(system)
            .get()
            .withLocalRepositoryBaseDirectories(localRepository())
            .setSystemProperties(System.getProperties())
            .build()) {
      CollectRequest collect =
          new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), defaultRepositories());
      DependencyRequest request =
          new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
      DependencyResult result = system.resolveDependencies(session, request);
      List<Path> jars = new ArrayList<>();
      for (ArtifactResult r : result.getArtifactResults()) {
        if (r.getArtifact() != null && r.getArtifact().getPath() != null) {
          jars.add(r.getArtifact().getPath());
        }
      }
      return jars;
    }
  }

  static Path localRepository() {
    String configured = System.getProperty("maven.repo.local");
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /**
   * The remote repositories: {@code LAB_MAVEN_REPOSITORY} (a URL, e.g. a company mirror) if set,
   * else those of Maven's super-POM (its default remote repository).
   */
  static List<RemoteRepository> defaultRepositories() throws Exception {
    String mirror = System.getenv("LAB_MAVEN_REPOSITORY");
    if (mirror != null && !mirror.isBlank()) {
      return List.of(new RemoteRepository.Builder("lab-mirror", "default", mirror.strip()).build());
    }
    return superPomRepositories();
  }

  /** The repositories declared in Maven's super-POM. */
  static List<RemoteRepository> superPomRepositories() throws Exception {
    try (InputStream in = Model.class.getClassLoader().getResourceAsStream(SUPER_POM)) {
      if (in == null) {
        throw new IllegalStateException(
            "Maven's super-POM (" + SUPER_POM + ") is not on the class path");
      }
      Model superPom = new MavenXpp3Reader().read(in);
      List<RemoteRepository> out = new ArrayList<>();
      for (Repository r : superPom.getRepositories()) {
        out.add(new RemoteRepository.Builder(r.getId(), "default", r.getUrl()).build());
      }
      return out;
    }
  }
}
