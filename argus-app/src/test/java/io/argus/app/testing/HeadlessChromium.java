package io.argus.app.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium}, headless, driven through its {@code chromedriver} for the browser
 * tests of the web UIs: a 1400×1000 window, browser console logs kept, 30 s page-load and script
 * timeouts, screenshots to {@code target/screenshots}. Not thread-safe; one test class owns it.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Why a browser test skips when {@link #installed()} is false. */
  public static final String NOT_INSTALLED =
      "skipped: the browser tests need Debian's chromium and chromedriver in /usr/bin";

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final WebDriverWait wait;

  private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
    this.wait = new WebDriverWait(driver, TIMEOUT);
  }

  /** Whether chromium and chromedriver are installed where Debian puts them. */
  public static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Starts chromedriver on a free port and a browser with its profile in {@code profileDir}. */
  public static HeadlessChromium start(Path profileDir) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--no-first-run",
        "--window-size=1400,1000",
        "--user-data-dir=" + profileDir);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(TIMEOUT);
    driver.manage().timeouts().scriptTimeout(TIMEOUT);
    return new HeadlessChromium(service, driver);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** A wait of at most 30 s on this browser. */
  public WebDriverWait waiter() {
    return wait;
  }

  /** Saves what the window shows as {@code target/screenshots/<name>.png}. */
  public void screenshot(String name) throws IOException {
    File png = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(
        png.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Quits the browser and stops chromedriver. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
