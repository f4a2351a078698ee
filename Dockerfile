# easegress-server and egctl in one image.
#   docker build -t easegress-dotnet .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Easegress.Node -c Release -o /out/server \
 && dotnet publish src/Easegress.Ctl -c Release -o /out/egctl

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /opt/easegress
COPY --from=build /out/server /opt/easegress/server
COPY --from=build /out/egctl /opt/easegress/egctl
RUN ln -s /opt/easegress/server/easegress-server /usr/local/bin/easegress-server \
 && ln -s /opt/easegress/egctl/egctl /usr/local/bin/egctl
# 2380: cluster transport, 2381: admin API, 10080: the usual first HTTPServer port
EXPOSE 2380 2381 10080
HEALTHCHECK --interval=5s --timeout=3s --retries=12 CMD ["egctl", "--server", "127.0.0.1:2381", "health"]
ENTRYPOINT ["easegress-server", "--home-dir", "/opt/easegress", "--api-addr", "0.0.0.0:2381"]
