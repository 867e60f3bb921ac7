# Reference fits of R's glmnet (gaussian family) for tests/test_glmnet.py.
#
# Regenerate (from the repository root; needs R with glmnet, e.g. on Debian
# `apt-get install -y r-base-core r-cran-glmnet`):
#
#   .venv/bin/python tests/data/glmnet/make_data.py   # writes the *.csv inputs
#   Rscript tests/data/glmnet/make_reference.R        # writes reference.csv
#
# Every fit uses standardize=FALSE, thresh=1e-30 and a huge maxit, one lambda
# at a time (so glmnet's early path stopping cannot drop any lambda), for
# alpha in {0, 0.3, 0.5, 1}, intercept TRUE and FALSE. reference.csv is in
# long format: one row per (dataset, intercept, alpha, lambda, term), where
# term is "(Intercept)" or a column name, with glmnet's number of passes; the
# first line is a comment with the R and glmnet versions.  The test suite reads reference.csv only; it
# never needs R.
#
# Lambdas: fractions 0.5, 0.1, 0.01 of the lasso lambda_max
# max_j |x_j'(y - ybar)| / n (ybar = 0 without an intercept), plus 0.01 and 1
# for the diabetes data.

suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg)) dirname(normalizePath(file_arg)) else "."

datasets <- c("diabetes", "synth_small", "synth_wide", "synth_scaled")
alphas <- c(0, 0.3, 0.5, 1)
versions <- sprintf("%s; glmnet %s", R.version.string, packageVersion("glmnet"))

num <- function(x) sprintf("%.17g", x)
rows <- list()
for (name in datasets) {
  d <- read.csv(file.path(here, paste0(name, ".csv")))
  X <- as.matrix(d[, names(d) != "y"])
  y <- d$y
  n <- nrow(X)
  for (intercept in c(TRUE, FALSE)) {
    yc <- if (intercept) y - mean(y) else y
    Xc <- if (intercept) sweep(X, 2, colMeans(X)) else X
    lmax <- max(abs(crossprod(Xc, yc))) / n
    lambdas <- c(0.5, 0.1, 0.01) * lmax
    if (name == "diabetes") lambdas <- c(lambdas, 0.01, 1)
    for (alpha in alphas) {
      for (lam in lambdas) {
        fit <- glmnet(X, y, family = "gaussian", alpha = alpha,
                      lambda = lam, standardize = FALSE,
                      intercept = intercept, thresh = 1e-30, maxit = 1e8)
        if (fit$jerr != 0) stop(sprintf("glmnet error %d on %s", fit$jerr, name))
        b <- coef(fit)[, 1]  # fit at exactly this lambda: no interpolation
        rows[[length(rows) + 1]] <- data.frame(
          dataset = name, intercept = intercept, alpha = num(alpha),
          lambda = num(lam), term = names(b), coef = num(unname(b)),
          npasses = fit$npasses
        )
      }
    }
  }
}
out <- do.call(rbind, rows)
body <- capture.output(write.csv(out, row.names = FALSE, quote = TRUE))
writeLines(c(paste("#", versions), body), file.path(here, "reference.csv"))
cat(sprintf("wrote %d rows (%d fits) with %s\n", nrow(out), length(rows), versions))
