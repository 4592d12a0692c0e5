package io.lanekeeper.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless, driven through its chromedriver: the real browser of the UI tests. */
public final class Browsers {

  private Browsers() {
  }

  /** A headless Chromium of 1280x1000; a prerequisite (scripts/test installs it). */
  public static ChromeDriver chromium() {
    boolean installed = Files.isExecutable(Path.of("/usr/bin/chromedriver"))
        && Files.isExecutable(Path.of("/usr/bin/chromium"));
    Prerequisites.need(installed,
        "Debian's chromium and chromium-driver are not installed (scripts/test installs them)");
    ChromeOptions o = new ChromeOptions().setBinary("/usr/bin/chromium")
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-dev-shm-usage", "--window-size=1280,1000");
    return new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build(), o);
  }
}
