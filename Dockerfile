# syntax=docker/dockerfile:1
# Urumi.Server with helm: the image the platform chart (charts/urumi) runs. Build from the repository root:
#   docker build -t urumi-server:dev .
# The publish output carries host.json, the dashboard and charts/ (src/Urumi.Server/Urumi.Server.csproj).

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Urumi.Server/Urumi.Server.csproj -c Release -o /app --nologo

# The same Helm 4 release the tests run (build/bootstrap.sh), checked against its published checksum.
FROM debian:bookworm-slim AS helm
ARG HELM_VERSION=v4.1.4
# Set by BuildKit from --platform (amd64, arm64).
ARG TARGETARCH
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLO "https://get.helm.sh/helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz" \
 && curl -fsSLO "https://get.helm.sh/helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz.sha256sum" \
 && sha256sum -c "helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz.sha256sum" \
 && tar -xzf "helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz" \
 && install -m 0755 "linux-${TARGETARCH}/helm" /usr/local/bin/helm

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}
COPY --from=helm /usr/local/bin/helm /usr/local/bin/helm
COPY --from=build /app /app
WORKDIR /app
# Non-root, as the chart's securityContext expects; the root filesystem can be read-only: helm's
# cache and config go under HOME=/tmp (an emptyDir in the chart).
ENV HOME=/tmp \
    Urumi__Server__Listen=0.0.0.0:8080 \
    Urumi__Helm__BinaryPath=/usr/local/bin/helm
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/Urumi.Server.dll"]
