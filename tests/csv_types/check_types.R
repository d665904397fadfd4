# Reads result folders' CSV files with R's read.csv (its defaults but check.names = FALSE, which
# keeps names such as data.n as written and changes no type) and checks each column's class.
#
#   Rscript check_types.R DECLARED.csv      (folder,file,column,type; folders relative to it)
#
# integer and number: class integer or numeric (R reads a whole number above 2^31 - 1 as
# numeric), integer with whole values; bool: character holding only "true" and "false" (R's
# read.csv makes logical of TRUE/FALSE/T/F only); text and list: character, a list cell `[...]`
# or a word. The same declared type in every folder for a file name and column, and the same
# class family everywhere; an all-empty column (logical NA in R) fits any type. Exit 0 when all
# hold, 1 otherwise.

args <- commandArgs(trailingOnly = TRUE)
declared_path <- args[1]
base <- dirname(normalizePath(declared_path))
declared <- read.csv(declared_path, colClasses = "character", check.names = FALSE)
problems <- character(0)
family_seen <- list()
type_seen <- list()

family <- function(x) {
  present <- x[!is.na(x)]
  if (is.character(x)) present <- present[present != ""]
  if (length(present) == 0) return("empty")
  if (is.integer(x) || is.numeric(x)) return("number")
  if (is.logical(x)) return("logical")
  if (is.character(x)) return("text")
  class(x)[1]
}

keys <- unique(declared[, c("folder", "file")])
for (k in seq_len(nrow(keys))) {
  folder <- keys$folder[k]
  name <- keys$file[k]
  rows <- declared[declared$folder == folder & declared$file == name, ]
  where <- paste0(basename(folder), "/", name)
  path <- if (startsWith(folder, "/")) file.path(folder, name) else file.path(base, folder, name)
  table <- read.csv(path, check.names = FALSE)
  if (!identical(names(table), rows$column)) {
    problems <- c(problems, paste0(where, ": header differs from the declared columns"))
    next
  }
  for (i in seq_len(nrow(rows))) {
    column <- rows$column[i]
    type <- rows$type[i]
    x <- table[[column]]
    f <- family(x)
    id <- paste(name, column)
    if (is.null(type_seen[[id]])) type_seen[[id]] <- list()
    type_seen[[id]][[type]] <- where
    if (f == "empty") next
    if (is.null(family_seen[[id]])) family_seen[[id]] <- list()
    family_seen[[id]][[f]] <- where
    present <- x[!is.na(x)]
    why <- NULL
    if (type %in% c("integer", "number")) {
      if (f != "number") {
        why <- paste0("declared ", type, ", R reads ", class(x)[1])
      } else if (type == "integer" && any(present[is.finite(present)] !=
                                          round(present[is.finite(present)]))) {
        why <- "declared integer, holds fractions"
      }
    } else if (type == "bool") {
      if (f != "text" || !all(present[present != ""] %in% c("true", "false"))) {
        why <- paste0("declared bool, R reads ", class(x)[1], " other than true/false")
      }
    } else {
      if (f != "text") {
        why <- paste0("declared ", type, ", R reads ", class(x)[1])
      } else if (type == "list") {
        cells <- present[present != ""]
        bad <- cells[!grepl("^\\[.*\\]$", cells) & grepl("^[-+0-9.eE ]+$", cells)]
        if (length(bad) > 0) why <- paste0("declared list, holds the unbracketed '", bad[1], "'")
      }
    }
    if (!is.null(why)) problems <- c(problems, paste0(where, " ", column, ": ", why))
  }
}
for (id in names(type_seen)) {
  if (length(type_seen[[id]]) > 1) {
    problems <- c(problems, paste0(id, ": declared ", paste(names(type_seen[[id]]), collapse = ", ")))
  }
  seen <- family_seen[[id]]
  if (!is.null(seen) && length(seen) > 1) {
    problems <- c(problems, paste0(id, ": R reads ",
                                   paste(names(seen), "in", unlist(seen), collapse = ", ")))
  }
}
for (p in problems) cat("MISMATCH", p, "\n")
cat(sprintf("%s: %d files, %d columns, %d problems\n", R.version.string, nrow(keys),
            nrow(declared), length(problems)))
quit(status = if (length(problems) > 0) 1 else 0)
