# Regenerates the *.expected files with R BoolNet (Debian r-cran-boolnet): Rscript generate.R
suppressMessages(library(BoolNet))
dump <- function(net, file) {
  a <- getAttractors(net, type="synchronous", method="exhaustive")
  out <- c()
  for (i in seq_along(a$attractors)) {
    seq <- getAttractorSequence(a, i)
    states <- apply(seq, 1, function(r) paste(r, collapse=""))
    k <- which.min(rank(states, ties.method="first")); n <- length(states)
    states <- states[((k - 1 + 0:(n - 1)) %% n) + 1]
    out <- c(out, paste(length(states), a$attractors[[i]]$basinSize, paste(states, collapse=" ")))
  }
  writeLines(c(paste(net$genes, collapse=" "), out), file)
}
for (f in c("cellcycle", "giacomantonio2010", "cortex15")) dump(loadNetwork(paste0(f, ".bnet")), paste0(f, ".expected"))
set.seed(2026)
for (i in 1:6) {
  n <- c(8, 10, 12, 14, 16, 18)[i]
  net <- generateRandomNKNetwork(n=n, k=c(2,3,2,3,4,2)[i], functionGeneration=c("uniform","uniform","biased","uniform","biased","uniform")[i], noIrrelevantGenes=FALSE)
  saveNetwork(net, paste0("random", i, ".bnet"))
  dump(loadNetwork(paste0("random", i, ".bnet")), paste0("random", i, ".expected"))
}
