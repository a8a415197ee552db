# Static scim2neo4j binary on a minimal non-root image.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/scim2neo4j ./cmd/scim2neo4j

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/scim2neo4j /usr/local/bin/scim2neo4j
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/scim2neo4j"]
